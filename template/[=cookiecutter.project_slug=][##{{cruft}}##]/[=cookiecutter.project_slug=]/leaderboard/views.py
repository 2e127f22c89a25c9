"""A live leaderboard: every change is pushed to every viewer of the page."""

from djust import LiveView, apush_to_view, state
from djust.decorators import event_handler

from [= cookiecutter.project_slug =].services.errors import ServiceError

from . import board

VIEW_PATH = "[= cookiecutter.project_slug =].leaderboard.views.LeaderboardView"


class LeaderboardView(LiveView):
    template_name = "leaderboard/index.html"
    # A shared demo board anyone may play with; require login for real scores.
    login_required = False

    rows = state(default=())
    version = state(default=0)
    loading = state(default=True)
    error = state(default="")

    def mount(self, request, **kwargs):
        # No I/O here: mount() runs on djust's one sync thread. Load on the event loop.
        self.start_async(self._load, name="load")

    async def _load(self):
        try:
            self._show(await board.top())
        except ServiceError as error:
            self.error = str(error)
        self.loading = False

    @event_handler()
    async def add_player(self, name: str = "", **kwargs):
        try:
            snapshot = await board.add_player(board.clean_player_name(name))
        except (ValueError, ServiceError) as error:
            self.error = str(error)
            return
        await self._publish(snapshot)

    @event_handler()
    async def increment(self, player: str = "", points: str = "1", **kwargs):
        try:
            name = board.clean_player_name(player)
            if name not in {row[0] for row in self.rows}:
                raise ValueError(f"“{name}” is not on the board; add the player first.")
            snapshot = await board.increment(name, board.clean_increment(points))
        except (ValueError, ServiceError) as error:
            self.error = str(error)
            return
        await self._publish(snapshot)

    async def _publish(self, snapshot: board.Snapshot) -> None:
        """Show the change here, then push it to every other viewer (on any process)."""
        self.error = ""
        self._show(snapshot)
        version, rows = snapshot
        await apush_to_view(
            VIEW_PATH, handler="handle_scores_changed", payload={"version": version, "rows": rows}
        )

    def handle_scores_changed(self, version: int, rows: list):
        """A push from another viewer (djust calls push handlers synchronously)."""
        if version > self.version:  # pushes can arrive out of order: newest wins
            self._show((version, rows))
        else:
            self._skip_render = True

    def _show(self, snapshot: board.Snapshot) -> None:
        version, rows = snapshot
        self.version = version
        self.rows = tuple((player, score) for player, score in rows)
