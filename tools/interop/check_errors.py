"""The two ways a check script fails: what it checked was wrong
(CheckFailed), or the run took longer than its bound (Timeout, raised by
the SIGALRM of bounded_check.run)."""


class CheckFailed(Exception):
    pass


class Timeout(Exception):
    pass
