"""A live leaderboard: every change reaches every viewer of the page."""

from djust import state
from djust.decorators import event_handler

from [= cookiecutter.project_slug =].liveview import LiveView
from [= cookiecutter.project_slug =].services.errors import ServiceError
from [= cookiecutter.project_slug =].services.redis import get_redis

from . import board
from .push import push_newest

VIEW_PATH = "[= cookiecutter.project_slug =].leaderboard.views.LeaderboardView"
MAX_YOURS = 10  # players this viewer added or scored, kept in sight below the top N


class LeaderboardView(LiveView):
    template_name = "leaderboard/index.html"
    # It changes scores everyone sees: visitors sign in first, on the page and on the websocket.
    login_required = True
    # Any signed-in user may call every handler, hence `noqa: S009` on each (djust asks
    # for a per-handler gate); give one @permission_required when it needs more.

    rows = state(default=())
    # The players this viewer added or scored, newest first: those outside the top N are
    # listed below it with their rank, so a player you add is always in sight.
    yours = state(default=())
    yours_below = state(default=())  # [(rank, player, score), ...] outside the top N
    version = state(default=0)
    error = state(default="")
    notice = state(default="")

    def _board(self) -> board.Leaderboard:
        """The board on the shared Redis pool: reached per call, never stored on the view."""
        return board.Leaderboard(get_redis())

    async def load(self):
        """The scores, loaded on the event loop after mount (on every transport)."""
        try:
            self._show(await self._board().top(self.yours), only_if_newer=True)
        except ServiceError as error:
            self._failed(str(error))

    @event_handler()  # noqa: S009
    async def add_player(self, name: object = "", **kwargs):
        try:
            name = board.clean_player_name(name)
            self._remember(name)
            outcome = await self._board().add_player(name, board.new_event_id(), self.yours)
        except ValueError as error:
            self.error, self.notice = str(error), ""
            return
        except ServiceError as error:
            self._failed(str(error))
            return
        exists = outcome.action == "exists"
        await self._publish(outcome, f"{name} is already on the board." if exists else "")

    @event_handler()  # noqa: S009
    async def increment(self, player: object = "", points: object = "1", **kwargs):
        try:
            name, points = board.clean_player_name(player), board.clean_increment(points)
            outcome = await self._board().increment(
                name, points, board.new_event_id(), self._remember(name)
            )
        except ValueError as error:
            self.error, self.notice = str(error), ""
            return
        except ServiceError as error:
            self._failed(str(error))
            return
        await self._publish(outcome)

    def _remember(self, name: str) -> tuple:
        """Keep `name` among this viewer's players (newest first, at most MAX_YOURS)."""
        self.yours = (name, *(other for other in self.yours if other != name))[:MAX_YOURS]
        return self.yours

    def _failed(self, message: str) -> None:
        """An outage: only its message, never scores that may be stale or "no players"."""
        self.error, self.notice = message, ""
        self.rows, self.yours_below = (), ()

    async def _publish(self, outcome: board.Outcome, notice: str = "") -> None:
        """Show the change here at once, then push it to every viewer of the page.

        The push travels through the channel layer: with Redis it reaches viewers
        connected to any process; with the in-memory layer, those of this process.
        """
        self.error, self.notice = "", notice
        self._show(outcome)
        push_newest(VIEW_PATH, outcome.snapshot)

    def handle_scores_changed(self, version: int, rows: list):
        """A push (djust calls push handlers synchronously): shown if it is newer.

        Your players below the top N keep the ranks of your last action or reload.
        """
        if version > self.version:
            self._show(board.Outcome("read", (version, rows), self._ranked_now()))
        else:
            self._skip_render = True  # this viewer's own change, or older: no patch

    def _ranked_now(self) -> list[list]:
        return [[player, score, rank] for rank, player, score in self.yours_below]

    def _show(self, outcome: board.Outcome, only_if_newer: bool = False) -> bool:
        """Show `outcome`; a push or a load only if no newer snapshot is shown (they race).

        This viewer's own changes are always the newest it can know of: djust holds back
        pushes while a handler runs. They are shown even with an older version, which
        happens when Redis lost its data (a restart without persistence): the version
        counts from 0 again.
        """
        version, rows = outcome.snapshot
        if only_if_newer and version < self.version:
            return False
        self.version = version
        self.rows = tuple((player, score) for player, score in rows)
        shown = {player for player, _ in rows}
        self.yours_below = tuple(
            (rank, player, score)
            for player, score, rank in sorted(outcome.ranked, key=lambda row: row[2])
            if player not in shown
        )
        return True
