"""The portal's operations: focal points and their links and sessions (access), nominations, the
office's review, and what a focal point sees (overview)."""
