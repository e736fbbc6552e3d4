from .delegation import Delegation
from .itinerary import ItineraryItem
from .logistics import Hotel, HotelStay, Vehicle
from .staff import Staff

__all__ = ["Delegation", "Hotel", "HotelStay", "ItineraryItem", "Staff", "Vehicle"]
