"""Command line: `flask --app app facilitator create`, `… template list|export|import`, `… export`, `… import`,
`… retention`, `… seed`, `… demo`."""
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from . import backups, exports
from .extensions import db
from .models import Company, Facilitator, Template, WorkshopSession
from .services import accounts, data_care, session_documents, template_documents, templates
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
@click.argument("code", required=False)
@click.option("--format", "format_name", default="md",
              help=f"Session: {', '.join(sorted(exports.FORMATS))}. Dossier: {', '.join(sorted(exports.DOSSIER_FORMATS))}.")
@click.option("--company", "company_name", help="Only this company's part of the session, or whose dossier.")
@click.option("--dossier", is_flag=True, help="The company's dossier over all its sessions (needs --company).")
@click.option("--facilitator", "email", help="Whose company, when several facilitators have one of that name.")
@click.option("--language", type=click.Choice(["sv", "en"]), default="en", help="The dossier's language.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write; - for stdout.")
def export(code: str | None, format_name: str, company_name: str | None, dossier: bool, email: str | None,
           language: str, output: Path | None):
    """Export a session's summary by its join code, one company's part of it, or a company's dossier."""
    if dossier:
        if not company_name or format_name not in exports.DOSSIER_FORMATS:
            raise click.UsageError(f"--dossier needs --company and a format of {sorted(exports.DOSSIER_FORMATS)}")
        company = _company(company_name, email)
        _write(exports.export_dossier(company, format_name, language), output)
        return
    if not code:
        raise click.UsageError("Give the session's join code, or --dossier --company NAME.")
    if format_name not in exports.FORMATS:
        raise click.UsageError(f"--format must be one of {sorted(exports.FORMATS)}")
    session = db.session.scalar(select(WorkshopSession).where(WorkshopSession.join_code == normalise_code(code)))
    if session is None:
        raise click.ClickException(f"No session with the code {normalise_code(code)}")
    company = None
    if company_name:
        company = next((c for c in session.companies if c.name == company_name), None)
        if company is None or not exports.FORMATS[format_name].per_company:
            raise click.ClickException(f"No company {company_name!r} in that session, or {format_name} is whole-session only")
    _write(exports.export_session(session, format_name, company), output)


def _facilitator(email: str | None) -> Facilitator:
    query = select(Facilitator).order_by(Facilitator.id)
    if email:
        query = query.where(Facilitator.email == email.strip().lower())
    owner = db.session.scalar(query)
    if owner is None:
        raise click.ClickException("No such facilitator; create one: flask --app app facilitator create EMAIL")
    return owner


def _company(name: str, email: str | None) -> Company:
    query = select(Company).where(Company.name == name).order_by(Company.id)
    if email:
        query = query.where(Company.facilitator_id == _facilitator(email).id)
    company = db.session.scalar(query)
    if company is None:
        raise click.ClickException(f"No company named {name!r}")
    return company


@click.command("import")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--facilitator", "email", help="Whose session it becomes; the first facilitator when not given.")
def import_session(file: Path, email: str | None):
    """Import a session from its JSON export (companies are matched by name, or made)."""
    owner = _facilitator(email)
    try:
        session = session_documents.import_session(session_documents.loads(file.read_bytes()), owner)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from None
    click.echo(f"Imported session {session.join_code} ({session.title}) for {owner.email}")


@click.command("backup")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path):
    """Copy the SQLite database to FILE while Verkstad runs (a consistent snapshot)."""
    try:
        counts = backups.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], file)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up to {file}: {_summary(counts)}")


@click.command("restore")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="Replace everything in the database with the backup? Stop the server first.")
def restore(file: Path):
    """Bring back a backup made with `backup` (stop the server first)."""
    db.engine.dispose()
    try:
        counts = backups.restore(current_app.config["SQLALCHEMY_DATABASE_URI"], file)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {file}: {_summary(counts)}")


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts.get(table, 0)} {table}s" for table in ("workshop_session", "participant", "response"))


@click.command("retention")
@with_appcontext
def retention():
    """Remove old free text as each facilitator's retention setting asks (run daily from cron, say)."""
    data_care.apply_all_retention()
    click.echo("Retention applied.")


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
    owner = _facilitator(email)
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
    app.cli.add_command(import_session)
    app.cli.add_command(retention)
    app.cli.add_command(backup)
    app.cli.add_command(restore)
