"""Sign in (editors): the page viewers never need."""

from ui import auth, state
from ui.router import ensure_router

ensure_router()  # a deep link to this page on a fresh server still gets the router

auth.sign_in_form(state.lang())
