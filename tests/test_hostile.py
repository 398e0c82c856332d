"""scripts/hostile.py in the test run: every hostile case of issue #15 and more, none may fail.

The cases share this session's loaded model (conftest); the ones about
processes, signals and terminals run the command line.
"""
from conftest import script


def test_hostile_cases_all_hold(tmp_path, capsys):
    hostile = script("hostile")
    assert len(hostile.CASES) >= 35 and len({c.category for c in hostile.CASES}) >= 8
    outcomes = hostile.run_all(tmp_path)
    with capsys.disabled():
        print("\nscripts/hostile.py\n" + hostile.summary(outcomes))
    failed = [f"{o.case.category}: {o.case.name}: {o.error}" for o in outcomes if o.error]
    assert not failed, "\n".join(failed)
