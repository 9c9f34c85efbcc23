"""Command line: `flask --app app facilitator create`, `… export`, `… seed`."""
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from . import exports
from .extensions import db
from .models import WorkshopSession
from .services import accounts, templates
from .services.errors import DomainError
from .services.participants import normalise_code

facilitator_cli = AppGroup("facilitator", help="Manage facilitator accounts.")


@facilitator_cli.command("create")
@click.argument("email")
@click.password_option(help="At least 10 characters; asked for when not given.")
def create_facilitator(email: str, password: str):
    """Create a facilitator account."""
    try:
        created = accounts.create_facilitator(email, password)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from None
    click.echo(f"Created facilitator {created.email}")


@click.command("seed")
@with_appcontext
def seed():
    """Create or refresh the built-in workshop templates."""
    templates.ensure_builtin_templates()
    click.echo("Built-in templates are up to date.")


@click.command("export")
@with_appcontext
@click.argument("code")
@click.option("--format", "format_name", type=click.Choice(sorted(exports.FORMATS)), default="md")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write; - for stdout.")
def export(code: str, format_name: str, output: Path | None):
    """Export a session's summary by its join code."""
    session = db.session.scalar(select(WorkshopSession).where(WorkshopSession.join_code == normalise_code(code)))
    if session is None:
        raise click.ClickException(f"No session with the code {normalise_code(code)}")
    data = exports.export_session(session, format_name)
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        click.echo(f"Wrote {output}")


def init_app(app: Flask) -> None:
    app.cli.add_command(facilitator_cli)
    app.cli.add_command(seed)
    app.cli.add_command(export)
