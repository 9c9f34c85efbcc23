"""The Swedish catalogue: every English string in the source has a Swedish translation that keeps its placeholders,
the catalogue compiles, and a page asked for in Swedish comes out in Swedish."""
import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from workshop.extensions import babel

ROOT = Path(__file__).resolve().parents[2]
SV_PO = ROOT / "translations" / "sv" / "LC_MESSAGES" / "messages.po"
# The same keywords as `make catalog`: pybabel extract -F babel.cfg -k _l -k lazy_gettext
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


def _msgids(message) -> tuple:
    """A message's id as a tuple: (singular,) or (singular, plural)."""
    return tuple(message) if isinstance(message, (tuple, list)) else (message,)


@pytest.fixture(scope="module")
def source_messages() -> dict:
    """(msgid, context) -> (msgid forms, "file:line" of the first use), extracted as `make catalog` does."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, filename=str(ROOT / "babel.cfg"))
    found = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        ids = _msgids(message)
        if not ids[0]:
            continue
        found.setdefault((ids[0], context), (ids, f"{filename}:{lineno}"))
    return found


@pytest.fixture(scope="module")
def swedish():
    with open(SV_PO, "rb") as po:
        return read_po(po, locale="sv")


def test_extraction_finds_the_source_strings(source_messages):
    # Guards the test below against passing vacuously (a broken method map would find nothing).
    assert len(source_messages) > 100
    assert ("Join code", None) in source_messages  # a template
    assert ("Choose your company.", None) in source_messages  # a _l() in Python
    assert ("%(num)d answer", None) in source_messages  # an ngettext


def test_every_source_string_has_a_swedish_translation(source_messages, swedish):
    missing = []
    for (msgid, context), (ids, where) in sorted(source_messages.items(), key=lambda kv: kv[1][1]):
        entry = swedish.get(msgid, context=context)
        if entry is None:
            missing.append(f"{where}: {msgid!r} is not in the catalogue (run `make catalog`)")
            continue
        if entry.fuzzy:
            missing.append(f"{where}: {msgid!r} is marked fuzzy")
            continue
        if len(ids) == 2:
            forms = entry.string if isinstance(entry.string, (tuple, list)) else ()
            if not entry.pluralizable or len(forms) != swedish.num_plurals or not all(forms):
                missing.append(f"{where}: {msgid!r} needs {swedish.num_plurals} Swedish plural forms")
        elif not entry.string:
            missing.append(f"{where}: {msgid!r} has no Swedish translation")
    assert not missing, "Untranslated in translations/sv/LC_MESSAGES/messages.po:\n" + "\n".join(missing)


def test_the_catalogues_hold_what_the_source_says_and_nothing_else(source_messages, swedish):
    """`make catalog` would leave no diff in what is translated: the template (messages.pot) and the Swedish
    catalogue hold exactly the source's messages, none that the source no longer has."""
    with open(ROOT / "translations" / "messages.pot", "rb") as pot:
        template = {(message.id if isinstance(message.id, str) else message.id[0], message.context)
                    for message in read_po(pot) if message.id}
    catalogue = {(message.id if isinstance(message.id, str) else message.id[0], message.context)
                 for message in swedish if message.id}
    source = set(source_messages)
    assert template == source, f"messages.pot is stale (run `make catalog`): only there {sorted(template - source)[:5]}, " \
                               f"missing {sorted(source - template)[:5]}"
    assert catalogue == source, f"messages.po is stale (run `make catalog`): only there {sorted(catalogue - source)[:5]}"


def test_the_catalogue_declares_swedish_and_its_plural_rule(swedish):
    assert str(swedish.locale) == "sv"
    assert swedish.plural_forms == "nplurals=2; plural=(n != 1);"
    assert not swedish.fuzzy, "the catalogue header is marked fuzzy"
    assert not swedish.obsolete, f"obsolete entries left in the catalogue: {list(swedish.obsolete)}"


_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa])")
_BRACES = re.compile(r"(?<!\{)\{(\w*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")


def placeholders(text: str) -> set:
    """%(name)s / %(name)d / %s style and {name} style placeholders, with their conversion."""
    text = text.replace("%%", "")
    found = {f"%({name})" + kind if name else "%" + kind for name, kind in _PERCENT.findall(text)}
    return found | {"{" + name + "}" for name in _BRACES.findall(text)}


@pytest.mark.parametrize("text, expected", [
    ("Step %(n)d of %(total)d", {"%(n)d", "%(total)d"}),
    ("mean %(mean)s, 100%% sure", {"%(mean)s"}),
    ("Hello {name}, {{literal}}", {"{name}"}),
    ("%s and %d", {"%s", "%d"}),
])
def test_placeholder_reading(text, expected):
    assert placeholders(text) == expected


def test_translations_keep_the_placeholders_of_the_english(swedish):
    wrong = []
    for entry in swedish:
        if not entry.id:
            continue
        ids = _msgids(entry.id)
        strings = entry.string if isinstance(entry.string, (tuple, list)) else (entry.string,)
        for index, translated in enumerate(strings):
            if not translated:
                continue  # a missing translation is the test above's business
            english = ids[min(index, len(ids) - 1)]
            if placeholders(translated) != placeholders(english):
                wrong.append(f"{english!r} -> {translated!r}: "
                             f"{sorted(placeholders(english))} vs {sorted(placeholders(translated))}")
    assert not wrong, "Placeholders differ between msgid and msgstr:\n" + "\n".join(wrong)


def _compiled(catalogue) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    return buffer.getvalue()


def test_the_catalogue_compiles_and_translates_plurals(swedish):
    translations = gettext.GNUTranslations(io.BytesIO(_compiled(swedish)))
    assert translations.gettext("Join code") == "Anslutningskod"
    assert translations.ngettext("%(num)d answer", "%(num)d answers", 1) % {"num": 1} == "1 svar"
    assert translations.ngettext("%(num)d answer", "%(num)d answers", 3) % {"num": 3} == "3 svar"


@pytest.fixture
def app_on_this_catalogue(app, swedish, tmp_path, monkeypatch):
    """The app reading the catalogue as it is in messages.po now, not a .mo compiled some time before."""
    directory = tmp_path / "translations"
    (directory / "sv" / "LC_MESSAGES").mkdir(parents=True)
    (directory / "sv" / "LC_MESSAGES" / "messages.mo").write_bytes(_compiled(swedish))
    monkeypatch.setattr(app.extensions["babel"], "translation_directories", [str(directory)])
    with app.app_context():  # Flask-Babel caches the catalogues it has loaded for the whole process
        monkeypatch.setattr(babel.domain_instance, "cache", {})
    return app


@pytest.mark.parametrize("path, swedish_text, english_text", [
    ("/login", ">Lösenord<", ">Password<"),
    ("/login", "Ska du delta i en workshop? Skriv in koden här.", "Joining a workshop?"),
    ("/join", "<h1>Delta i en workshop</h1>", "Join a workshop"),
    ("/join", "Workshopledare? Logga in.", "Facilitator?"),
])
def test_a_browser_asking_for_swedish_gets_swedish(app_on_this_catalogue, client, path, swedish_text, english_text):
    response = client.get(path, headers={"Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="sv">' in page
    assert swedish_text in page
    assert english_text not in page


def test_a_browser_asking_for_english_still_gets_english(app_on_this_catalogue, client):
    page = client.get("/join", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<h1>Join a workshop</h1>" in page
    assert "Delta i en workshop" not in page
