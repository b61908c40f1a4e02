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
error-too-many-attempts = Too many failed attempts. Please wait an hour and try again, or reset your password.

## E-mailed links
link-invalid = This link is not valid. It may be incomplete: open it straight from the e-mail, or ask for a new one.
link-expired = This link has expired. Ask for a new one below.
link-used = This link has already been used. Each link works once; ask for a new one if you still need it.

## Passwords
field-email-invalid = Enter an e-mail address such as name@company.com.
password-too-short = Use at least 12 characters. A few unrelated words make a strong, memorable password.
password-too-long = Use at most 1024 characters.
password-too-common = This password is too easy to guess (it is common, or close to your name or e-mail). Try a few unrelated words.
password-current-wrong = Your current password is not correct.
password-mismatch = The two passwords do not match.
password-new = New password
password-confirm = Repeat the new password
password-current = Current password
password-hint = At least 12 characters. Long passphrases are welcome; no special characters required.
login-forgot = Forgot your password?
login-notice-password-reset = Your password has been changed. Sign in with your new password.
forgot-title = Reset your password
forgot-subtitle = Enter the e-mail address you sign in with. We will send you a link to choose a new password.
forgot-submit = Send reset link
forgot-sent = If an account exists for that address, a link to reset the password is on its way. It works for 30 minutes.
back-to-login = Back to sign in
reset-title = Choose a new password
reset-for = For { $email }
reset-submit = Save new password
reset-request-new = Request a new link

## Account
nav-account = Your account
account-title = Your account
account-notice-password-changed = Your password has been changed. Your other sessions have been signed out.
account-notice-session-ended = The session has been signed out.
account-password = Password
account-password-submit = Change password
account-sessions = Where you are signed in
account-sessions-help = Sign out any session you do not recognise, then change your password.
session-browser = Browser
session-signed-in = Signed in
session-last-seen = Last active
session-address = Address
session-actions = Actions
session-this = This browser
session-end = Sign out

## Development mailbox
mailbox-title = Development mailbox
mailbox-help = No mail server is configured, so messages stay here instead of being sent. Anyone who can open this page can read them: configure smtp_url before inviting real people.
mailbox-empty = No messages yet.
mailbox-to = To
mailbox-sent = Queued
mailbox-open-link = Open the link in this message

## E-mails
mail-footer = Portico supplier portal. You receive this message because of an action on your account.
mail-reset-subject = Reset your Portico password
mail-reset-intro = Someone (hopefully you) asked to reset the password of your Portico account. The link below works once, for { $minutes } minutes.
mail-reset-action = Choose a new password
mail-reset-outro = If you did not ask for this, ignore this message: your password stays as it is.
mail-invite-subject = { $inviter } invites you to { $organisation } on Portico
mail-invite-intro = { $inviter } has invited you to work with { $organisation } on Portico, the supplier portal for purchase orders, shipments and invoices.
mail-invite-action = Accept the invitation
mail-invite-outro = The invitation works once and expires in { $days } days. If you did not expect it, you can ignore this message.

## Choosing a customer
workspace-switch-label = Customer
workspace-switch = Switch
workspace-choice-supplier = { $customer } (as { $supplier })

## People and invitations
nav-people = People
error-forbidden = Your role does not allow this. Ask an administrator of your organisation.
people-title = People
people-invite = Invite someone
people-invite-submit = Send invitation
people-invited = Invitation sent to { $email }. The link in it works once, for 7 days.
people-role = Role
people-supplier = Supplier
people-supplier-none = — (for buyer roles)
people-supplier-hint = Needed when inviting a supplier's person.
people-pending = Pending invitations
people-pending-none = No invitations are waiting.
people-expires = Expires
people-members = Members
people-name = Name
people-disabled = disabled
role-buyer_admin = Buyer administrator
role-buyer = Buyer
role-supplier_admin = Supplier administrator
role-supplier_user = Supplier user
invite-role-not-allowed = You cannot invite people into this role.
invite-supplier-missing = Choose the supplier this person works for.
invite-already-member = This person is already a member here.
invite-password-wrong = The password is not correct for this Portico login.
invite-name-missing = Enter your name as colleagues should see it.
invitation-title = Your invitation
invitation-intro = { $inviter } invites you to { $place } as { $role }.
invitation-at-supplier = { $organisation } for { $supplier }
invitation-new = Choose your name and a password to create your Portico login.
invitation-existing = You already have a Portico login with this address: confirm with its password, and this organisation is added to it.
invitation-accept = Accept and continue
invitation-ask-again = Ask the person who invited you to send a new invitation.
