"""Pages of 好差评 intake: kiosk, rating pages (QR, web), desks and hall-manager pages."""
