from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailOrUsernameBackend(ModelBackend):
    """People sign in with their email address (unique) or their username."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            user = get_user_model().objects.filter(email__iexact=username).only("username").first()
            if user is None:
                # Spend the same time as a real check so emails cannot be probed by timing.
                get_user_model()().set_password(password)
                return None
            username = user.username
        return super().authenticate(request, username=username, password=password, **kwargs)
