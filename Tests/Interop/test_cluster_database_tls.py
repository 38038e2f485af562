"""TLS to the cluster's database, as libpq spells it in the URL: a node
reaches a PostgreSQL that has `ssl = on` with verify-full against the test's
own CA, and the database sees its connections encrypted; a certificate from
another CA, or one naming another host under verify-full, is a clear
startup error; verify-ca accepts the other name (it checks only the chain).
Certificates are made here with the openssl command line, valid for a day."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cluster_support import CLUSTER_TIMINGS, PG_BIN, Postgres
from conftest import binary_path


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=30)


def make_ca(directory: Path, name: str) -> tuple[Path, Path]:
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", f"{name}.key", "-out", f"{name}.pem", "-days", "1", "-subj", f"/CN={name}", cwd=directory)
    return directory / f"{name}.pem", directory / f"{name}.key"


def make_server_certificate(directory: Path, ca: tuple[Path, Path], alt_name: str) -> tuple[Path, Path]:
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=switchboard-test-db", cwd=directory)
    (directory / "san.ext").write_text(f"subjectAltName={alt_name}\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", str(ca[0]), "-CAkey", str(ca[1]), "-CAcreateserial",
            "-out", "server.crt", "-days", "1", "-extfile", "san.ext", cwd=directory)
    return directory / "server.crt", directory / "server.key"


class TLSPostgres(Postgres):
    """The throwaway PostgreSQL with `ssl = on` and the given certificate."""

    def enable_tls(self, certificate: Path, key: Path) -> None:
        for source, name in ((certificate, "server.crt"), (key, "server.key")):
            target = self.data / name
            shutil.copy(source, target)
            target.chmod(0o600)  # PostgreSQL refuses a key others can read
            if self.user:
                shutil.chown(target, self.user)
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write("ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n")

    def encrypted_connections(self) -> int:
        """Connections from TCP clients (not this psql, on the Unix socket) that use TLS."""
        query = ("SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) "
                 "WHERE s.ssl AND a.client_addr IS NOT NULL")
        result = self._run(str(PG_BIN / "psql"), "-h", str(self.dir), "-p", str(self.port), "-U", "postgres",
                           "-At", "-c", query)
        assert result.returncode == 0, result.stderr
        return int(result.stdout.strip())


@pytest.fixture
def certificates(tmp_path):
    if shutil.which("openssl") is None:
        pytest.fail("the openssl command is not installed", pytrace=False)
    ours = make_ca(tmp_path, "test-ca")
    other = make_ca(tmp_path, "other-ca")
    return {"ca": ours[0], "other_ca": other[0], "ours": ours}


def tls_database(tmp_path, certificates, alt_name: str) -> TLSPostgres:
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL 15 is not installed (apt-get install postgresql; `make test` does it)", pytrace=False)
    database = TLSPostgres()
    database.init()
    database.enable_tls(*make_server_certificate(tmp_path, certificates["ours"], alt_name))
    database.start()
    return database


def serve(tmp_path, url: str, wait: bool) -> subprocess.CompletedProcess | subprocess.Popen:
    config = tmp_path / "node.yaml"
    config.write_text(f"cluster:\n  database_url: \"{url}\"\n  node_id: tls-node\n" + CLUSTER_TIMINGS)
    command = [str(binary_path()), "serve", "--config", str(config), "--bind", "127.0.0.1", "--http-port", "0",
               "--media-port", "0", "--stun-port", "0", "--workers", "1"]
    if wait:
        return subprocess.run(command, capture_output=True, text=True, timeout=30)
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_ready(process: subprocess.Popen) -> None:
    line = process.stdout.readline()
    assert line.startswith("switchboard ready"), f"no ready line: {line!r} {process.stderr.read()[-2000:] if process.poll() is not None else ''}"


def test_verify_full_reaches_the_database_over_tls(tmp_path, certificates):
    database = tls_database(tmp_path, certificates, "IP:127.0.0.1")
    process = None
    try:
        url = f"{database.url}?sslmode=verify-full&sslrootcert={certificates['ca']}"
        process = serve(tmp_path, url, wait=False)
        wait_ready(process)
        assert database.encrypted_connections() >= 1
    finally:
        if process is not None:
            process.terminate()
            process.wait(15)
        database.stop()
        database.remove()


def test_a_certificate_of_another_authority_or_name_is_a_startup_error(tmp_path, certificates):
    database = tls_database(tmp_path, certificates, "DNS:db.invalid")
    process = None
    try:
        # Another CA: refused whatever the name.
        other = serve(tmp_path, f"{database.url}?sslmode=verify-ca&sslrootcert={certificates['other_ca']}", wait=True)
        assert other.returncode != 0
        assert "cluster database is unreachable" in other.stderr, other.stderr[-2000:]
        # Our CA, but the certificate names db.invalid, not 127.0.0.1.
        wrong_name = serve(tmp_path, f"{database.url}?sslmode=verify-full&sslrootcert={certificates['ca']}", wait=True)
        assert wrong_name.returncode != 0
        assert "cluster database is unreachable" in wrong_name.stderr, wrong_name.stderr[-2000:]
        # verify-ca checks the chain only: the node starts.
        process = serve(tmp_path, f"{database.url}?sslmode=verify-ca&sslrootcert={certificates['ca']}", wait=False)
        wait_ready(process)
        assert database.encrypted_connections() >= 1
        # A root certificate file that is not there fails before any connection.
        missing = serve(tmp_path, f"{database.url}?sslmode=verify-full&sslrootcert={tmp_path}/absent.pem", wait=True)
        assert missing.returncode != 0
        assert "sslrootcert" in missing.stderr, missing.stderr[-2000:]
    finally:
        if process is not None:
            process.terminate()
            process.wait(15)
        database.stop()
        database.remove()
