"""A live leaderboard: every change reaches every viewer of the page."""

from djust import state
from djust.decorators import event_handler

from [= cookiecutter.project_slug =].liveview import LiveView
from [= cookiecutter.project_slug =].services.errors import ServiceError
from [= cookiecutter.project_slug =].services.redis import get_redis

from . import board
from .push import push_newest

VIEW_PATH = "[= cookiecutter.project_slug =].leaderboard.views.LeaderboardView"


class LeaderboardView(LiveView):
    template_name = "leaderboard/index.html"
    # It changes scores everyone sees: visitors sign in first, on the page and on the websocket.
    login_required = True
    # Any signed-in user may call every handler, hence `noqa: S009` on each (djust asks
    # for a per-handler gate); give one @permission_required when it needs more.

    rows = state(default=())
    version = state(default=0)
    error = state(default="")

    def _board(self) -> board.Leaderboard:
        """The board on the shared Redis pool: reached per call, never stored on the view."""
        return board.Leaderboard(get_redis())

    async def load(self):
        """The scores, loaded on the event loop after mount (on every transport)."""
        try:
            self._show(await self._board().top())
        except ServiceError as error:
            self.error = str(error)

    @event_handler()  # noqa: S009
    async def add_player(self, name: object = "", **kwargs):
        try:
            snapshot = await self._board().add_player(board.clean_player_name(name))
        except (ValueError, ServiceError) as error:
            self.error = str(error)
            return
        await self._publish(snapshot)

    @event_handler()  # noqa: S009
    async def increment(self, player: object = "", points: object = "1", **kwargs):
        try:
            name, points = board.clean_player_name(player), board.clean_increment(points)
            snapshot = await self._board().increment(name, points)
        except (ValueError, ServiceError) as error:
            self.error = str(error)
            return
        await self._publish(snapshot)

    async def _publish(self, snapshot: board.Snapshot) -> None:
        """Show the change here at once, then push it to every viewer of the page.

        The push travels through the channel layer: with Redis it reaches viewers
        connected to any process; with the in-memory layer, those of this process.
        """
        self.error = ""
        self._show(snapshot)
        push_newest(VIEW_PATH, snapshot)

    def handle_scores_changed(self, version: int, rows: list):
        """A push (djust calls push handlers synchronously): shown if it is newer."""
        if version > self.version:
            self._show((version, rows))
        else:
            self._skip_render = True  # this viewer's own change, or older: no patch

    def _show(self, snapshot: board.Snapshot) -> bool:
        """Show `snapshot` unless a newer one is already shown (answers and pushes race)."""
        version, rows = snapshot
        if version < self.version:
            return False
        self.version = version
        self.rows = tuple((player, score) for player, score in rows)
        return True
