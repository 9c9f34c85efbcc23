"""Cleaning of typed text: what a participant types is stored as they meant it, minus what could trick a screen."""
import pytest

from workshop.services.errors import InvalidInput
from workshop.services.text import clean_text


def test_swedish_letters_typed_decomposed_are_stored_composed(app):
    with app.test_request_context():
        assert clean_text("Bo\u0308na", max_length=40) == "Böna"


def test_bidi_override_and_zero_width_characters_are_removed(app):
    with app.test_request_context():
        assert clean_text("evil\u202egnp.exe\u200b", max_length=40) == "evilgnp.exe"


def test_empty_and_oversized_text_are_refused_with_a_message(app):
    with app.test_request_context():
        with pytest.raises(InvalidInput, match="cannot be empty"):
            clean_text("   ", max_length=40)
        with pytest.raises(InvalidInput, match="at most 40"):
            clean_text("x" * 41, max_length=40)
