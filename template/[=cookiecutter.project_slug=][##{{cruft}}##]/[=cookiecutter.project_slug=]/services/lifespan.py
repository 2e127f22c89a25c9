"""ASGI lifespan: clients opened while serving are closed when the server stops."""

from .registry import aclose_all


async def lifespan_app(scope, receive, send):
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            try:
                await aclose_all()
            except Exception as error:  # reported to the server, which logs it
                await send({"type": "lifespan.shutdown.failed", "message": repr(error)})
            else:
                await send({"type": "lifespan.shutdown.complete"})
            return
