"""Command line: `flask --app app facilitator create`, `… template list|export|import`, `… export`, `… seed`."""
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from . import exports
from .extensions import db
from .models import Facilitator, Template, WorkshopSession
from .services import accounts, template_documents, templates
from .services.demo import create_demo_session
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
    _write(exports.export_session(session, format_name), output)


template_cli = AppGroup("template", help="List, export and import workshop templates.")


@template_cli.command("list")
def list_templates():
    """One template a line: its English name, its Swedish name, its steps and its owner."""
    for template in db.session.scalars(select(Template).order_by(Template.id)):
        owner = template.facilitator.email if template.facilitator else "shared"
        if template.is_builtin:
            owner = "built-in"
        click.echo(f"{template.name.get('en')}\t{template.name.get('sv')}\t{len(template.steps)} steps\t{owner}")


@template_cli.command("export")
@click.argument("name")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write; - for stdout.")
def export_template(name: str, output: Path | None):
    """Write a template as JSON; NAME is its English or Swedish name (or its number)."""
    matches = [template for template in db.session.scalars(select(Template).order_by(Template.id))
               if name in (template.name.get("en"), template.name.get("sv"), str(template.id))]
    if not matches:
        raise click.ClickException(f"No template named {name!r}; see `flask --app app template list`.")
    _write(template_documents.dumps(template_documents.template_document(matches[0])).encode(), output)


@template_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--facilitator", "email", help="Owner's e-mail; without it the template is shared by everyone.")
def import_template(file: Path, email: str | None):
    """Import a template from a JSON file; every problem is listed and nothing is stored if there is one."""
    owner = None
    if email:
        owner = db.session.scalar(select(Facilitator).where(Facilitator.email == email.strip().lower()))
        if owner is None:
            raise click.ClickException(f"No facilitator {email}")
    try:
        template = template_documents.import_template(template_documents.loads(file.read_bytes()), owner)
    except template_documents.InvalidTemplate as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(str(error.message)) from None
    click.echo(f"Imported {template.name.get('en')} ({len(template.steps)} steps)")


@click.command("demo")
@with_appcontext
@click.option("--facilitator", "email", help="Whose demo it is; the first facilitator when not given.")
@click.option("--language", type=click.Choice(["sv", "en"]), default="en")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True, help="Where the server answers.")
def demo(email: str | None, language: str, base_url: str):
    """Create a finished demo workshop with two companies and their answers."""
    query = select(Facilitator).order_by(Facilitator.id)
    if email:
        query = query.where(Facilitator.email == email.strip().lower())
    owner = db.session.scalar(query)
    if owner is None:
        raise click.ClickException("Create a facilitator first: flask --app app facilitator create EMAIL")
    session = create_demo_session(owner, language)
    click.echo(f"Demo session {session.join_code} for {owner.email}")
    click.echo(f"Summary: {base_url.rstrip('/')}/f/sessions/{session.id}/summary")


def _write(data: bytes, output: Path | None) -> None:
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        click.echo(f"Wrote {output}")


def init_app(app: Flask) -> None:
    app.cli.add_command(template_cli)
    app.cli.add_command(demo)
    app.cli.add_command(facilitator_cli)
    app.cli.add_command(seed)
    app.cli.add_command(export)
