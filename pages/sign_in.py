"""Sign in (editors): the page viewers never need."""

from ui import auth, router

lang, _ = router.start()
auth.sign_in_form(lang)
