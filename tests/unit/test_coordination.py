"""One process (no Redis): marks kept in memory, taken once, every job run where it is due."""
from workshop.live.coordination import LocalCoordination


def test_marks_are_taken_once_by_kind():
    marks = LocalCoordination()
    marks.mark("results", 3)
    marks.mark("results", 3)
    marks.mark("boards", 4)
    assert marks.take() == {"results": {3}, "boards": {4}}
    assert marks.take() == {"results": set(), "boards": set()}


def test_one_process_runs_every_job():
    marks = LocalCoordination()
    assert marks.claim("timers", 1) and marks.claim("timers", 1)
