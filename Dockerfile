# syntax=docker/dockerfile:1
# Multi-stage build of the `openclaw` gateway (src/OpenClaw.Cli hosts src/OpenClaw.Gateway).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src

# Restore as its own cached layer: only the project and build files.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/OpenClaw.Core/OpenClaw.Core.csproj src/OpenClaw.Core/
COPY src/OpenClaw.Gateway/OpenClaw.Gateway.csproj src/OpenClaw.Gateway/
COPY src/OpenClaw.Cli/OpenClaw.Cli.csproj src/OpenClaw.Cli/
RUN dotnet restore src/OpenClaw.Cli/OpenClaw.Cli.csproj ${TARGETARCH:+-a $TARGETARCH}

COPY appsettings.json ./
COPY src/ src/
RUN dotnet publish src/OpenClaw.Cli/OpenClaw.Cli.csproj -c Release ${TARGETARCH:+-a $TARGETARCH} --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./

# State (openclaw.json, the SQLite store, agent workspaces) lives in a volume owned by the non-root app user.
ENV OPENCLAW_STATE_DIR=/home/app/.openclaw \
    OpenClaw__Logging__Format=json
RUN mkdir -p /home/app/.openclaw && chown -R "$APP_UID" /home/app/.openclaw
VOLUME ["/home/app/.openclaw"]
USER $APP_UID

EXPOSE 18789
# Inside a container the port must be reachable from outside, so bind to all interfaces (auth is then required).
ENTRYPOINT ["dotnet", "openclaw.dll", "gateway", "run", "--bind", "lan"]
