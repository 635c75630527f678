"""A local card provider for development and tests: speaks Stripe's and Safepay's APIs, serves a
hosted payment page, and sends signed webhooks over real HTTP. Mounted at /_fakepay/ by urls.py only
when settings.PAYMENTS_FAKE_PROVIDER is on (never with DEBUG off). Nothing imports it but urls."""
