"""Numbers abroad are compared as "+" and their international digits, so that a lookup
of "+33 1 23 45 67 89" finds one stored before: re-normalise those stored without it."""

from django.db import migrations


def renormalise(apps, schema_editor):
    from cases import normalise

    Identifier = apps.get_model("cases", "CustomerIdentifier")
    phones = Identifier.objects.filter(kind="phone").exclude(normalised__startswith="0")
    for identifier in phones.iterator(chunk_size=1000):
        normalised = normalise.phone(identifier.value)
        if normalised != identifier.normalised:
            Identifier.objects.filter(pk=identifier.pk).update(normalised=normalised)


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_postgresql_name_c_collation_index")]

    operations = [migrations.RunPython(renormalise, migrations.RunPython.noop)]
