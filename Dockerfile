# The resellerkit service as an image: the packed @resellerkit/server installed with production dependencies only,
# run as an unprivileged user. From the repository root: `docker build -t resellerkit .` (docs/operations.md#containers).

FROM node:20-slim AS build
# better-sqlite3 compiles its addon when no prebuilt one can be downloaded: the toolchain stays in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /repo
COPY . .
RUN npm ci --no-audit --no-fund \
 && npm run build --workspace @resellerkit/sdk --workspace @resellerkit/widget --workspace @resellerkit/server \
 && npm pack --workspace @resellerkit/server --ignore-scripts --pack-destination /tmp/pack
# Installed as an operator installs it: the tarball alone, no workspace, no dev dependencies.
WORKDIR /app
RUN echo '{"name":"resellerkit-app","private":true}' > package.json \
 && npm install --omit=dev --no-audit --no-fund /tmp/pack/resellerkit-server-*.tgz \
 && npm cache clean --force

FROM node:20-slim
ENV NODE_ENV=production \
    PORT=8787 \
    DATABASE_URL=/data/resellerkit.db \
    PATH=/app/node_modules/.bin:$PATH
WORKDIR /app
# Root owns the program; the service (user `node`, uid 1000) can write only its data directory.
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `docker run … IMAGE worker` or `… IMAGE migrate` run the other commands of the same image.
ENTRYPOINT ["resellerkit"]
CMD ["serve"]
