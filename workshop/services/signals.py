"""What happened, announced after the transaction committed. workshop.live listens and pushes to screens."""
from blinker import Namespace

_signals = Namespace()

#: The screens of a session must show something new (step, reveal, lock, state). sender: session id.
session_changed = _signals.signal("session-changed")
#: Answers or participants changed; the projector's results and counts are stale. sender: session id.
results_changed = _signals.signal("results-changed")
#: Something phones show to each other changed (an idea added, a KPI edited); their stages are stale.
board_changed = _signals.signal("board-changed")
