"""Sign in (editors): the page viewers never need."""

from ui import auth, state

auth.sign_in_form(state.lang())
