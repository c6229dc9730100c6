#!/usr/bin/python3
"""smtp_sink.py: a loopback SMTP listener for tests/http/notify.sh.

usage: smtp_sink.py PORT OUTFILE   (PORT 0 picks a free port)

Accepts every message and appends it to OUTFILE as
"X-Sink-Rcpt: <addresses>" + the message as received + a line "=====".
Prints "smtp-sink listening on PORT" once ready; stops on SIGTERM.
"""
import asyncio
import signal
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, path):
        self.path = path

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8")
        with open(self.path, "ab") as f:
            f.write(b"X-Sink-From: " + envelope.mail_from.encode() + b"\r\n")
            f.write(b"X-Sink-Rcpt: " + ",".join(envelope.rcpt_tos).encode()
                    + b"\r\n")
            f.write(data)
            f.write(b"\r\n=====\r\n")
        return "250 OK"


async def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    loop = asyncio.get_running_loop()
    handler = Sink(path)
    server = await loop.create_server(
        lambda: SMTP(handler, enable_SMTPUTF8=True, decode_data=False),
        "127.0.0.1", port)
    print("smtp-sink listening on %d" % server.sockets[0].getsockname()[1],
          flush=True)
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
    loop.add_signal_handler(signal.SIGINT, stop.set_result, None)
    await stop
    server.close()
    await server.wait_closed()


asyncio.run(main())
