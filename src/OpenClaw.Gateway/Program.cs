using OpenClaw.Gateway.Hosting;

// The gateway host; `openclaw gateway run` (src/OpenClaw.Cli) builds the same application.
var builder = WebApplication.CreateSlimBuilder(args);

// Configure the OpenClaw gateway: config file, logging, listener, agent runtime, auth
builder.AddGateway();

var app = builder.Build();

// Configure the request pipeline and the endpoints
app.MapGateway();

await app.RunGatewayAsync();
