"""A real SMTP server for the mail tests (aiosmtpd), run in its own process:

    python -m tests.correspondence.smtp_server PORT FOLDER

Every accepted message is written to FOLDER/received/NNN.eml. FOLDER/script.json, if present, is a
list of answers used up one per message, in order: "451 …" or "550 …" (answered to DATA instead of
accepting), "stall" (DATA waits until the client goes away, then nothing is kept), "stall-rcpt"
(the same, at RCPT TO: before the message text). With the list empty every message is accepted."""
import asyncio
import json
import sys
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, folder: Path):
        self.folder = folder
        (folder / "received").mkdir(parents=True, exist_ok=True)

    def _next(self, kinds) -> str | None:
        script = self.folder / "script.json"
        if not script.exists():
            return None
        answers = json.loads(script.read_text())
        if not answers or not any(answers[0].startswith(kind) for kind in kinds):
            return None
        script.write_text(json.dumps(answers[1:]))
        return answers[0]

    async def _stall(self, server, where):
        """Wait (up to 60 s) until the client has gone away; keep nothing."""
        (self.folder / f"stalled-{where}").write_text(str(time.time()))
        for _ in range(600):
            await asyncio.sleep(0.1)
            transport = getattr(server, "transport", None)
            if transport is None or transport.is_closing():
                break
        return "421 4.3.0 gave up waiting"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self._next(["stall-rcpt"])
        if answer:
            return await self._stall(server, "rcpt")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        answer = self._next(["stall", "4", "5"])
        if answer == "stall":
            return await self._stall(server, "data")
        if answer:
            return answer
        received = self.folder / "received"
        number = len(list(received.glob("*.eml"))) + 1
        (received / f"{number:03d}.eml").write_bytes(envelope.original_content or envelope.content)
        return "250 2.0.0 accepted"


def main():
    port, folder = int(sys.argv[1]), Path(sys.argv[2])
    controller = Controller(Handler(folder), hostname="127.0.0.1", port=port)
    controller.start()
    (folder / "ready").write_text("ok")
    try:
        while True:
            time.sleep(1)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
