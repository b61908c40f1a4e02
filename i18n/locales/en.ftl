# Portico user interface: English (the fallback language).
# Keep every id present in every language file; a test enforces it.

app-name = Portico
app-tagline = Supplier collaboration portal
skip-to-content = Skip to content
nav-purchase-orders = Purchase orders
nav-main = Main navigation
nav-signed-in-as = Signed in as { $name }
nav-sign-out = Sign out
nav-language = Language
nav-language-apply = Change language
footer-text = Portico — open-source supplier collaboration

login-title = Sign in to Portico
login-subtitle = Confirm orders, ship and invoice your customers in one place.
login-email = Email
login-password = Password
login-submit = Sign in
login-failed = The email or password is not correct.
login-missing = Enter your email and password.
login-unavailable = Signing in is not possible right now. Please try again in a moment.

workspace-supplier = { $name } — supplier portal
workspace-buyer = { $name } — buyer workspace

inbox-title = Purchase orders
inbox-subtitle-supplier = Orders from { $name }
inbox-subtitle-buyer = All suppliers of { $name }
inbox-filters = Filter purchase orders
inbox-status = Status
inbox-status-all = All statuses
inbox-search = PO number
inbox-search-placeholder = e.g. 4500012
inbox-apply = Apply
inbox-reset = Reset
inbox-empty = No purchase orders match these filters.
inbox-pager = Pages
inbox-newer = Newer
inbox-older = Older
inbox-first = First page
inbox-col-number = PO number
inbox-col-supplier = Supplier
inbox-col-order-date = Order date
inbox-col-requested = Requested
inbox-col-status = Status
inbox-col-lines = Lines
inbox-col-total = Total
inbox-bad-request = This list cannot be shown: { $name }
inbox-bad-cursor = the page link is malformed. Start again from the first page.
inbox-bad-status = the status filter is not known.
inbox-bad-search = the search text is too long.
inbox-bad-both = a page link cannot point both ways.

status-new = New
status-acknowledged = Acknowledged
status-change_pending = Changes pending
status-rejected = Rejected
status-partially_shipped = Partially shipped
status-shipped = Shipped
status-invoiced = Invoiced
status-closed = Closed
status-cancelled = Cancelled

po-title = Purchase order { $number }
po-back = Back to purchase orders
po-breadcrumb = Breadcrumb
po-version = Version { $version }
po-header = Order details
po-order-date = Order date
po-status = Status
po-buyer = Buyer
po-supplier = Supplier
po-ship-to = Ship to
po-payment-terms = Payment terms
po-incoterms = Incoterms
po-currency = Currency
po-notes = Notes
po-lines = Lines
po-col-line = Line
po-col-item = Item
po-col-supplier-part = Supplier part
po-col-description = Description
po-col-quantity = Quantity
po-col-uom = Unit
po-col-unit-price = Unit price
po-col-requested = Requested date
po-col-amount = Amount
po-total = Order total
po-none = —

not-found-title = Not found
not-found-text = The page or document you asked for does not exist, or you do not have access to it.
error-title = Something went wrong
error-text = Your request could not be completed. Please try again; if it keeps happening, tell your administrator.
loading = Loading…
