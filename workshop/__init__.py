"""Verkstad: live, facilitated workshops for business incubators."""
import os
from pathlib import Path

from flask import Flask

from .extensions import babel, csrf, db, limiter, login_manager, migrate, socketio

__all__ = ["create_app", "serve", "socketio"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str((test_config or {}).get("INSTANCE_PATH") or os.environ.get("VERKSTAD_INSTANCE_PATH")
                          or PROJECT_ROOT / "instance"),
    )
    from .config import load_config
    load_config(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_step_kinds(app)
    register_live(app)
    register_cli(app)
    return app


def serve(app: Flask) -> None:
    """`python app.py`: Socket.IO under gevent on HOST:PORT, after telling the console where phones join."""
    from .config import served_address
    from .services.join_address import startup_message
    host, port = served_address()
    if (host, port) == (app.config["LISTEN_HOST"], app.config["LISTEN_PORT"]):  # else a balancer speaks for it
        print(startup_message(app.config), flush=True)
    socketio.run(app, host=host, port=port)


def register_extensions(app: Flask) -> None:
    from . import database, i18n, security, templating
    db.init_app(app)
    database.configure_engine(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    app.jinja_env.add_extension(templating.DropIndentation)
    templating.install_filters(app)  # after Flask-Babel, whose filters it replaces


def register_blueprints(app: Flask) -> None:
    from .web import (DatabaseIdConverter, assets, auth, cohorts, companies, company_link, exports, facilitator,
                      health, participant, projector, register_error_pages, template_editor)
    app.url_map.converters["id"] = DatabaseIdConverter
    assets.init_app(app)  # the static view under fingerprinted names, and compression
    for module in (auth, cohorts, companies, company_link, exports, facilitator, health, participant, projector,
                   template_editor):
        app.register_blueprint(module.bp)
    register_error_pages(app)


def register_step_kinds(app: Flask) -> None:
    """What the kinds' partials need beyond their context."""
    from .services.session_log import label
    from .steps import kpi
    app.jinja_env.globals.update(kpi_name=kpi.kpi_name, kind_catalogue=kpi.CATALOGUE.items)
    app.jinja_env.globals["event_label"] = label


def register_live(app: Flask) -> None:
    from . import live
    live.init_app(app)


def register_cli(app: Flask) -> None:
    from . import cli
    cli.init_app(app)
