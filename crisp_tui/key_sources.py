"""Where the token key comes from when it is not set directly: a command, or the system keyring.

Precedence (the first that gives a key wins): `CRISP_TOKEN_KEY` > `token_key` in the config
file > `token_key_command` (`CRISP_TOKEN_KEY_COMMAND` > the file) > the system keyring (service
`crisp-tui`, user = the token id). So the key never has to sit in a file. What the command
prints is read here and dropped: errors name the program and an exit status, never its output.
"""

from __future__ import annotations

import shlex
import subprocess

from .config import child_environment
from .crisp.errors import MissingCredentialsError
from .untrusted import clean

KEYRING_SERVICE = "crisp-tui"
COMMAND_TIMEOUT_SECONDS = 60


def key_from_command(command: str) -> str:
    """Run `command` without a shell; its first line is the key. Fails with one sentence."""
    try:
        argv = shlex.split(command)
    except ValueError:
        argv = []
    if not argv:
        raise MissingCredentialsError(
            "token_key_command is not a command line: write it as you would type it, e.g. "
            "`pass show crisp/token-key`."
        )
    program = clean(argv[0], single_line=True, max_chars=60)
    try:
        done = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=COMMAND_TIMEOUT_SECONDS,
            # Our environment (a password manager needs its session variables) minus the token.
            env=child_environment(),
            check=False,
        )
    except FileNotFoundError:
        raise MissingCredentialsError(
            f"token_key_command could not start: {program} was not found (check the path)."
        ) from None
    except PermissionError:
        raise MissingCredentialsError(
            f"token_key_command could not start: {program} is not executable."
        ) from None
    except subprocess.TimeoutExpired:
        raise MissingCredentialsError(
            f"token_key_command ({program}) did not finish within {COMMAND_TIMEOUT_SECONDS} "
            "seconds: run it yourself to see what it waits for."
        ) from None
    if done.returncode != 0:
        raise MissingCredentialsError(
            f"token_key_command ({program}) failed with exit status {done.returncode}: run it "
            "yourself to see why."
        )
    lines = done.stdout.decode("utf-8", errors="replace").splitlines()
    key = lines[0].strip() if lines else ""
    if not key:
        raise MissingCredentialsError(
            f"token_key_command ({program}) printed nothing on its first line: it must print "
            "the token key."
        )
    return key


def key_from_keyring(token_id: str) -> str:
    """The key stored in the system keyring for this token id, or "" when there is none (or
    no keyring on this machine). A keyring that fails is one sentence."""
    import keyring  # only when no other source gave a key: it looks up its backends on import
    from keyring.errors import NoKeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, token_id) or ""
    except NoKeyringError:
        return ""
    except Exception as error:  # backends raise their own (D-Bus, locked collection, …)
        raise MissingCredentialsError(
            f"The system keyring could not be read ({type(error).__name__}): unlock it, or set "
            "CRISP_TOKEN_KEY."
        ) from None
