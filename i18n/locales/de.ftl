# Portico-Benutzeroberfläche: Deutsch.
# Jede ID muss in jeder Sprachdatei stehen; ein Test prüft das.

app-name = Portico
app-tagline = Portal für die Zusammenarbeit mit Lieferanten
skip-to-content = Zum Inhalt springen
nav-purchase-orders = Bestellungen
nav-main = Hauptnavigation
nav-signed-in-as = Angemeldet als { $name }
nav-sign-out = Abmelden
nav-language = Sprache
nav-language-apply = Sprache ändern
footer-text = Portico — Open-Source-Lieferantenportal

login-title = Bei Portico anmelden
login-subtitle = Bestellungen bestätigen, liefern und abrechnen – alles an einem Ort.
login-email = E-Mail
login-password = Passwort
login-submit = Anmelden
login-failed = E-Mail oder Passwort ist nicht korrekt.
login-missing = Bitte E-Mail und Passwort eingeben.
login-unavailable = Die Anmeldung ist gerade nicht möglich. Bitte versuchen Sie es gleich noch einmal.

workspace-supplier = { $name } — Lieferantenportal
workspace-buyer = { $name } — Einkauf

inbox-title = Bestellungen
inbox-subtitle-supplier = Bestellungen von { $name }
inbox-subtitle-buyer = Alle Lieferanten von { $name }
inbox-filters = Bestellungen filtern
inbox-status = Status
inbox-status-all = Alle Status
inbox-search = Bestellnummer
inbox-search-placeholder = z. B. 4500012
inbox-apply = Anwenden
inbox-reset = Zurücksetzen
inbox-empty = Keine Bestellungen entsprechen diesen Filtern.
inbox-pager = Seiten
inbox-newer = Neuere
inbox-older = Ältere
inbox-first = Erste Seite
inbox-col-number = Bestellnummer
inbox-col-supplier = Lieferant
inbox-col-order-date = Bestelldatum
inbox-col-requested = Wunschtermin
inbox-col-status = Status
inbox-col-lines = Positionen
inbox-col-total = Summe
inbox-bad-request = Diese Liste kann nicht angezeigt werden: { $name }
inbox-bad-cursor = der Seitenlink ist fehlerhaft. Beginnen Sie wieder auf der ersten Seite.
inbox-bad-status = der Statusfilter ist unbekannt.
inbox-bad-search = der Suchtext ist zu lang.
inbox-bad-both = ein Seitenlink kann nicht in beide Richtungen zeigen.

status-new = Neu
status-acknowledged = Bestätigt
status-change_pending = Änderungen offen
status-rejected = Abgelehnt
status-partially_shipped = Teilweise geliefert
status-shipped = Geliefert
status-invoiced = Berechnet
status-closed = Abgeschlossen
status-cancelled = Storniert

po-title = Bestellung { $number }
po-back = Zurück zu den Bestellungen
po-breadcrumb = Navigationspfad
po-version = Version { $version }
po-header = Bestelldaten
po-order-date = Bestelldatum
po-status = Status
po-buyer = Kunde
po-supplier = Lieferant
po-ship-to = Lieferadresse
po-payment-terms = Zahlungsbedingungen
po-incoterms = Incoterms
po-currency = Währung
po-notes = Hinweise
po-lines = Positionen
po-col-line = Pos.
po-col-item = Artikel
po-col-supplier-part = Lieferanten-Art.-Nr.
po-col-description = Beschreibung
po-col-quantity = Menge
po-col-uom = Einheit
po-col-unit-price = Einzelpreis
po-col-requested = Wunschtermin
po-col-amount = Betrag
po-total = Bestellsumme
po-none = —

not-found-title = Nicht gefunden
not-found-text = Die angeforderte Seite oder das Dokument existiert nicht, oder Sie haben keinen Zugriff darauf.
error-title = Etwas ist schiefgelaufen
error-text = Ihre Anfrage konnte nicht ausgeführt werden. Bitte versuchen Sie es erneut; wenn es wieder passiert, wenden Sie sich an Ihre Administration.
loading = Wird geladen…
