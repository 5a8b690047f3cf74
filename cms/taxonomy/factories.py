"""Factories for the taxonomy snippets, for tests and demo content.

They make rows with codes outside the real ranges (E06 900000 upwards, LGSL
90000 upwards), so they never clash with the real register or service list.
"""

import factory as factory_boy
from factory.django import DjangoModelFactory

from .models import Authority, Licence, ServiceArea


class AuthorityFactory(DjangoModelFactory):
    name = factory_boy.Sequence(lambda n: f"Example Council {n}")
    gss_code = factory_boy.Sequence(lambda n: f"E06{900000 + n:06d}")

    class Meta:
        model = Authority
        django_get_or_create = ("gss_code",)


class ServiceAreaFactory(DjangoModelFactory):
    lgsl_code = factory_boy.Sequence(lambda n: 90000 + n)
    label = factory_boy.Sequence(lambda n: f"Example service {n}")

    class Meta:
        model = ServiceArea


class LicenceFactory(DjangoModelFactory):
    spdx_id = factory_boy.Sequence(lambda n: f"LicenseRef-Example-{n}")
    name = factory_boy.Sequence(lambda n: f"Example licence {n}")
    url = "https://www.example.org/licence"
    is_open = True

    class Meta:
        model = Licence
