"""Open-Meteo data as Django models with no table (`managed = False`).

Instances are built from API answers, never saved: they give templates real
fields and types, and djust serializes only the fields a template reads.
Keep templates to plain fields: a relation would query a table that does not exist.
A measurement the API did not have is None (`null=True`); the template shows a dash.
"""

from datetime import date, datetime, timedelta, timezone

from django.db import models

from .conditions import describe


class Place(models.Model):
    id = models.BigIntegerField(primary_key=True)
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=100, blank=True)
    admin1 = models.CharField("region", max_length=100, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    timezone = models.CharField(max_length=64, blank=True)

    class Meta:
        managed = False

    def __str__(self):
        return ", ".join(part for part in (self.name, self.admin1, self.country) if part)

    @property
    def label(self) -> str:
        return str(self)


class CurrentConditions(models.Model):
    # Aware, in the place's own offset (shown with {% localtime off %}).
    observed_at = models.DateTimeField(null=True)
    timezone = models.CharField("time zone", max_length=64, blank=True)
    timezone_abbreviation = models.CharField(max_length=16, blank=True)
    temperature = models.FloatField(null=True, help_text="°C")
    feels_like = models.FloatField(null=True, help_text="°C")
    humidity = models.PositiveSmallIntegerField(null=True, help_text="%")
    wind_speed = models.FloatField(null=True, help_text="km/h")
    weather_code = models.PositiveSmallIntegerField(null=True, help_text="WMO weather code")

    class Meta:
        managed = False

    def __str__(self):
        return f"{self.temperature} °C, {self.summary}"

    @classmethod
    def from_report(cls, current: dict) -> "CurrentConditions":
        """From services.weather's JSON-able `current` (times as ISO 8601 strings)."""
        observed_at = current["observed_at"] and datetime.fromisoformat(current["observed_at"])
        if observed_at:  # name the offset as the place does ("CET"), not "UTC+01:00"
            offset = observed_at.utcoffset() or timedelta()
            name = current["timezone_abbreviation"]
            observed_at = observed_at.replace(
                tzinfo=timezone(offset, name) if name else timezone(offset)
            )
        return cls(**(current | {"observed_at": observed_at}))

    @property
    def summary(self) -> str:
        return describe(self.weather_code)


class DailyForecast(models.Model):
    day = models.DateField()
    weather_code = models.PositiveSmallIntegerField(null=True, help_text="WMO weather code")
    temperature_max = models.FloatField(null=True, help_text="°C")
    temperature_min = models.FloatField(null=True, help_text="°C")
    precipitation = models.FloatField(null=True, help_text="mm")

    class Meta:
        managed = False

    def __str__(self):
        return f"{self.day}: {self.summary}"

    @classmethod
    def from_report(cls, day: dict) -> "DailyForecast":
        """From one day of services.weather's JSON-able `daily`."""
        return cls(**(day | {"day": date.fromisoformat(day["day"])}))

    @property
    def summary(self) -> str:
        return describe(self.weather_code)
