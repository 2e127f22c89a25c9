from djust import LiveView


class LeaderboardView(LiveView):
    template_name = "leaderboard/index.html"
    login_required = False
