from ninja import NinjaAPI

api = NinjaAPI(title="GemBazaar API", version="1.0.0", urls_namespace="api")
