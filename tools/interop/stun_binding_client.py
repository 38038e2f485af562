#!/usr/bin/env python3
"""An independent STUN client (aioice's RFC 5389 implementation) for the STUN
endpoint test: sends Binding requests from a UDP socket on 127.0.0.1 and
prints one JSON line: {"local": [ip, port], "mapped": [ip, port] or null,
"answered": n, "sent": n, "fingerprint_ok": bool}.

usage: stun_binding_client.py HOST PORT [--count N] [--interval S] [--wait S]
Only HOST (127.0.0.1 in the tests) is contacted; each wait is bounded.
"""
import argparse
import json
import socket
import time

from aioice import stun


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--interval", type=float, default=0.0)
    parser.add_argument("--wait", type=float, default=0.5, help="seconds to wait for each answer")
    arguments = parser.parse_args()

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(arguments.wait)
    mapped = None
    answered = 0
    fingerprint_ok = True
    for _ in range(arguments.count):
        request = stun.Message(message_method=stun.Method.BINDING, message_class=stun.Class.REQUEST)
        request.add_fingerprint()
        sock.sendto(bytes(request), (arguments.host, arguments.port))
        try:
            data, _ = sock.recvfrom(2048)
        except socket.timeout:
            continue
        response = stun.parse_message(data)  # checks FINGERPRINT when present
        if (response.transaction_id == request.transaction_id
                and response.message_class == stun.Class.RESPONSE):
            answered += 1
            mapped = list(response.attributes["XOR-MAPPED-ADDRESS"])
            fingerprint_ok = fingerprint_ok and "FINGERPRINT" in response.attributes
        if arguments.interval:
            time.sleep(arguments.interval)
    print(json.dumps({"local": list(sock.getsockname()), "mapped": mapped, "answered": answered,
                      "sent": arguments.count, "fingerprint_ok": fingerprint_ok}))


if __name__ == "__main__":
    main()
