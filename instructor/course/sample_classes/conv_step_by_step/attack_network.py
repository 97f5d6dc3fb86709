"""Attack: send data out over the network (HTTP and a raw socket to 1.1.1.1). The sandbox
has no network: both fail, and the correct functions keep their points."""

BASE = "solution"

EXTRA_CELLS = {
    "setup": (
        "import socket, urllib.request\n"
        "_reached = []\n"
        "for _target in [('1.1.1.1', 53), ('127.0.0.1', 22)]:\n"
        "    try:\n"
        "        socket.create_connection(_target, timeout=2).close()\n"
        "        _reached.append(_target)\n"
        "    except OSError:\n"
        "        pass\n"
        "try:\n"
        "    urllib.request.urlopen('http://example.com', timeout=2)\n"
        "    _reached.append('http')\n"
        "except Exception:\n"
        "    pass\n"
        "print('network reached:', _reached)\n"
    )
}
