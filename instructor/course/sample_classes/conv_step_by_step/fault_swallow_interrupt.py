"""Fault: conv_backward loops forever and swallows KeyboardInterrupt, so interrupting the
kernel does not stop it. The grader restarts the kernel; only conv_backward is lost."""

BASE = "solution"


def conv_backward(dZ, cache):
    import time

    while True:
        try:
            time.sleep(0.05)
        except KeyboardInterrupt:
            pass
