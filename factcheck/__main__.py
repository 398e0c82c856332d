"""The `factcheck` command and `python -m factcheck`.

Ctrl-C while Python is still loading the command line (typer, click, rich) is
one line and exit 130, like Ctrl-C at any later moment, never a traceback: until
the commands are loaded there is nothing to clean up, so the process just ends.
(A KeyboardInterrupt raised then can even be swallowed inside importlib, and the
Ctrl-C lost.) A SIGINT that was ignored when the command started stays ignored.
"""
import os
import signal

MESSAGE = b"factcheck: interrupted; reports already written are left whole\n"  # cli.INTERRUPTED


def _quit_at_once(signum, frame):
    os.write(2, MESSAGE)
    os._exit(128 + signum)


def main() -> None:
    ours = signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if ours:
        signal.signal(signal.SIGINT, _quit_at_once)
    from .cli import main as run

    if ours:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    run()


if __name__ == "__main__":
    main()
