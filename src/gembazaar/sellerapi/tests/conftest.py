from gembazaar.sellercentre.tests.conftest import (  # noqa: F401
    other_client,
    other_seller,
    seller,
    seller_client,
)
