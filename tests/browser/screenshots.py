"""The README's screenshots: `python -m tests.browser.screenshots` (or `make screenshots`).

Starts its own server on an empty database in a temporary folder and walks the same filled workshop that
tests/browser/test_screens.py checks (tests/support/screen_states.py: the built-in template in English, two
companies, six phones, long texts on every board), and writes docs/screenshots/projector-N-<kind>.png (1920×1080)
and phone-N-<kind>.png (390×844) for the steps README.md shows, in the step's last state: results revealed and
voting locked wherever the step has results.

README.md names the files; each `<kind>` is matched, in order, to the built-in template's steps of that kind
("welcome" is the info step with the join code, "info" the other info steps), so the pictures follow the
template when it changes.
"""
import re
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.conftest import ON_A_HOTSPOT, Step, builtin_steps, launch, start_site
from tests.support.screen_states import VARIANT_ACTIONS, walk

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"


def shots_in_readme() -> list[tuple[str, str]]:
    """(number, kind) of every docs/screenshots/projector-N-<kind>.png README.md shows, in order."""
    names = re.findall(r"docs/screenshots/projector-(\d+)-([a-z]+)\.png", (ROOT / "README.md").read_text())
    return list(dict.fromkeys(names))


def steps_for(shots: list[tuple[str, str]]) -> list[tuple[str, str, Step]]:
    """Each picture's step: the k-th README entry of a kind is the k-th step of that kind in the template."""
    pools: dict[str, list[Step]] = {}
    for step in builtin_steps():
        kind = "welcome" if step.kind == "info" and step.show_join else step.kind
        pools.setdefault(kind, []).append(step)
    chosen = []
    for number, kind in shots:
        assert pools.get(kind), f"README.md shows a {kind} step the template does not have (enough of)"
        chosen.append((number, kind, pools[kind].pop(0)))
    return chosen


def on_a_fresh_site(run) -> None:
    """Runs `run(browser, site)` against a server on an empty database in a temporary folder."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="verkstad-shots-") as folder:
        site = start_site(Path(folder), **ON_A_HOTSPOT)  # the QR code as a room sees it
        try:
            with sync_playwright() as playwright:
                browser = launch(playwright)
                run(browser, site)
                browser.close()
        finally:
            site.process.stop()


def take_pictures(browser, base_url: str) -> None:
    wanted = {step.position: f"{number}-{kind}" for number, kind, step in steps_for(shots_in_readme())}

    def visit(state, screens) -> None:
        last = not state.has_results or state.changes == VARIANT_ACTIONS
        if state.workshop != 1 or not last or state.step.position not in wanted:
            return
        for screen in screens:
            if screen.name in ("projector", "phone"):
                screen.page.mouse.move(screen.sizes[0][0] // 2, screen.sizes[0][1] // 2)  # not over a button
                screen.page.screenshot(path=str(OUT / f"{screen.name}-{wanted[state.step.position]}.png"))

    walk(browser, base_url, ("en",), visit)


def main() -> int:
    on_a_fresh_site(lambda browser, site: take_pictures(browser, site.url))
    for number, kind in shots_in_readme():
        print(f"docs/screenshots/projector-{number}-{kind}.png  docs/screenshots/phone-{number}-{kind}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
