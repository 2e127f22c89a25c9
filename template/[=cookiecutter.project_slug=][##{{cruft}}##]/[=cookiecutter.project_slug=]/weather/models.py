"""Open-Meteo data as Django models with no table (`managed = False`).

Instances are built from API answers, never saved: they give templates real
fields and types, and djust serializes only the fields a template reads.
Keep templates to plain fields: a relation would query a table that does not exist.
"""

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
    observed_at = models.DateTimeField()
    temperature = models.FloatField(help_text="°C")
    feels_like = models.FloatField(help_text="°C")
    humidity = models.PositiveSmallIntegerField(help_text="%")
    wind_speed = models.FloatField(help_text="km/h")
    weather_code = models.PositiveSmallIntegerField(help_text="WMO weather code")

    class Meta:
        managed = False

    def __str__(self):
        return f"{self.temperature} °C, {self.summary}"

    @property
    def summary(self) -> str:
        return describe(self.weather_code)


class DailyForecast(models.Model):
    day = models.DateField()
    weather_code = models.PositiveSmallIntegerField(help_text="WMO weather code")
    temperature_max = models.FloatField(help_text="°C")
    temperature_min = models.FloatField(help_text="°C")
    precipitation = models.FloatField(help_text="mm")

    class Meta:
        managed = False

    def __str__(self):
        return f"{self.day}: {self.summary}"

    @property
    def summary(self) -> str:
        return describe(self.weather_code)
