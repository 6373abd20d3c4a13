#!/usr/bin/python3
"""Lab backend: plain HTTP on 80 and 443, HTTPS on 6443 (a K3s API stand-in).

Every response body names this host and the port it came in on (e.g. "be1:80"), so a test can
tell which backend a request reached. Like K3s, /readyz, /healthz and /livez answer 401 to
anonymous clients on 6443.
"""
import socket
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOST = socket.gethostname()
CERT, KEY = sys.argv[1], sys.argv[2]


class Handler(BaseHTTPRequestHandler):
    server_version = "hk-backend/1"

    def do_GET(self):
        port = self.server.server_address[1]
        status = 200
        if port == 6443 and self.path.split("?")[0] in ("/readyz", "/healthz", "/livez"):
            status = 401
        body = f"{HOST}:{port} {status} {self.path}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    tls = None

    def finish_request(self, request, client_address):
        # TLS handshake in the worker thread, so a silent client cannot stall accept().
        request.settimeout(10)
        if self.tls is not None:
            request = self.tls.wrap_socket(request, server_side=True)
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        pass  # health checks that connect and close are normal here


def serve(port, tls):
    httpd = Server(("0.0.0.0", port), Handler)
    if tls:
        httpd.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        httpd.tls.load_cert_chain(CERT, KEY)
    httpd.serve_forever()


threads = [threading.Thread(target=serve, args=(p, p == 6443), daemon=True) for p in (80, 443, 6443)]
for t in threads:
    t.start()
for t in threads:
    t.join()
