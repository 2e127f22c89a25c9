# Unmanaged models: Django records them, but creates no table.

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="CurrentConditions",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("observed_at", models.DateTimeField()),
                ("temperature", models.FloatField(help_text="°C")),
                ("feels_like", models.FloatField(help_text="°C")),
                ("humidity", models.PositiveSmallIntegerField(help_text="%")),
                ("wind_speed", models.FloatField(help_text="km/h")),
                ("weather_code", models.PositiveSmallIntegerField(help_text="WMO weather code")),
            ],
            options={
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="DailyForecast",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("weather_code", models.PositiveSmallIntegerField(help_text="WMO weather code")),
                ("temperature_max", models.FloatField(help_text="°C")),
                ("temperature_min", models.FloatField(help_text="°C")),
                ("precipitation", models.FloatField(help_text="mm")),
            ],
            options={
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="Place",
            fields=[
                ("id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=200)),
                ("country", models.CharField(blank=True, max_length=100)),
                ("admin1", models.CharField(blank=True, max_length=100, verbose_name="region")),
                ("latitude", models.FloatField()),
                ("longitude", models.FloatField()),
                ("timezone", models.CharField(blank=True, max_length=64)),
            ],
            options={
                "managed": False,
            },
        ),
    ]
