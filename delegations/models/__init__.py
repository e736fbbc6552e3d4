from .delegation import Delegation

__all__ = ["Delegation"]
