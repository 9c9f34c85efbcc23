"""Unicode as people (and pranksters) type it: Swedish letters composed or not, right-to-left overrides,
zero-width characters and emoji. Stored normalised, shown as typed, never able to reorder or hide text."""
import unicodedata

from hypothesis import HealthCheck, given, settings, strategies as st

from tests.conftest import join
from workshop.services.errors import InvalidInput
from workshop.services.text import clean_text

TRICKS = ["\u202e", "\u202d", "\u2066", "\u2067", "\u2069", "\u200b", "\u200c", "\u2060", "\ufeff", "\x00", "\x1b"]
FAMILY, CODER = "👩\u200d👩\u200d👧", "🧑🏽\u200d💻"
typed = st.text(alphabet=st.one_of(st.characters(blacklist_categories=["Cs"]), st.sampled_from(TRICKS + ["\u0308", "\u200d", "👩", "🏽"])),
                max_size=60)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=typed)
def test_cleaned_text_is_composed_trimmed_and_free_of_tricks(app, raw):
    with app.test_request_context():
        try:
            text = clean_text(raw, max_length=280)
        except InvalidInput:
            return  # empty once cleaned: refused with a message, tested elsewhere
    assert text == unicodedata.normalize("NFC", text)
    assert not any(trick in text for trick in TRICKS)
    assert not any(unicodedata.category(ch) == "Cc" for ch in text)
    assert text == text.strip() and "  " not in text
    with app.test_request_context():
        assert clean_text(text, max_length=280) == text, "cleaning twice changes nothing"


def test_swedish_letters_and_emoji_arrive_as_typed_and_tricks_do_not(app, world, sql):
    with app.test_request_context():
        assert clean_text("Ma\u0308ja A\u030angstro\u0308m", max_length=40) == "Mäja Ångström"
        assert clean_text(f"Team {FAMILY} {CODER}", max_length=40) == f"Team {FAMILY} {CODER}"
        assert clean_text("abc\u200bdef\u200d", max_length=40) == "abcdef"  # a lone joiner hides nothing
    phone = app.test_client()
    join(phone, world["code"], world["acme"], nickname=f"\u202eMa\u0308ja {CODER}\u200b")
    assert sql("select nickname from participant") == [(f"Mäja {CODER}",)]
    page = phone.get(f"/p/{world['code']}").get_data(as_text=True)
    assert "\u202e" not in page
