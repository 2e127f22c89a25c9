"""ASGI lifespan: clients opened while serving are closed when the server stops."""

from .registry import aclose_all


async def lifespan_app(scope, receive, send):
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await aclose_all()
            await send({"type": "lifespan.shutdown.complete"})
            return
