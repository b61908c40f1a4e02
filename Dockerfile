# Portico container image: build with cargo-leptos, run on a slim Debian.
#
#   docker build -t portico .
#   docker run -p 3000:3000 -e PORTICO_PUBLIC_URL=https://portal.example.com \
#       -e DATABASE_URL=postgres://portico:secret@db/portico portico
#
# Environment (all optional; see server/src/config.rs):
#   DATABASE_URL              sqlite:///data/portico.db (default here) or postgres://USER:PASSWORD@HOST/DB
#   PORTICO_BIND_ADDRESS      0.0.0.0:3000 here
#   PORTICO_PUBLIC_URL        the URL people use; https turns on Secure cookies
#   PORTICO_LOG_FORMAT        pretty | json (json here)
#   PORTICO_LOG_FILTER        e.g. info,portico=debug
#   PORTICO_DATABASE_MAX_CONNECTIONS

FROM rust:1.95-bookworm AS build
RUN rustup target add wasm32-unknown-unknown \
 && apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/* \
 && npm install -g binaryen
# cargo-leptos and the wasm-bindgen CLI at the version Cargo.lock pins.
RUN cargo install cargo-leptos --locked --ignore-rust-version \
 && cargo install wasm-bindgen-cli --version 0.2.130
WORKDIR /src
COPY . .
RUN cargo leptos build --release \
 && cp target/release/portico /portico \
 && cp -r target/site /site

FROM debian:bookworm-slim AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /data portico && mkdir -p /data && chown portico /data
COPY --from=build /portico /usr/local/bin/portico
COPY --from=build /site /app/site
WORKDIR /app
ENV LEPTOS_SITE_ROOT=/app/site \
    PORTICO_SITE_ROOT=/app/site \
    PORTICO_BIND_ADDRESS=0.0.0.0:3000 \
    PORTICO_LOG_FORMAT=json \
    DATABASE_URL=sqlite:///data/portico.db
USER portico
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD ["/bin/sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/3000"]
ENTRYPOINT ["portico"]
CMD ["serve"]
