"""The room HTTP endpoints answer bad input with an error status and keep
serving: stats of an unknown or malformed room, recording controls for a
malformed room name or a room that is not recording."""
import urllib.error
import urllib.request


def status(server, method: str, path: str) -> int:
    request = urllib.request.Request(f"{server.http_url}{path}", method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_room_endpoints_refuse_bad_input_and_keep_serving(server):
    assert status(server, "GET", "/rooms/nobody-here") == 404
    assert status(server, "GET", "/rooms/%2e%2e%2fetc") in (400, 404)
    assert status(server, "POST", "/rooms/bad%20name!/recording") == 400
    assert status(server, "POST", "/rooms/" + "x" * 65 + "/recording") == 400
    assert status(server, "DELETE", "/rooms/not-recording/recording") == 404
    assert status(server, "GET", "/healthz") == 200
