from gembazaar.sellers.tests.conftest import applicant, buyer, council_user, private_root  # noqa: F401
