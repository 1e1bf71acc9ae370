"""Hub Reform Monitor: the router. Pages live in pages/; ui/router.py sets up the frame around them."""

from ui import router

router.run()
