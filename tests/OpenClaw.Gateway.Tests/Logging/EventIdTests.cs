using System.Reflection;
using Microsoft.Extensions.Logging;
using OpenClaw.Core.Logging;
using OpenClaw.Gateway.Hosting;

namespace OpenClaw.Gateway.Tests.Logging;

public sealed class EventIdTests
{
    [Fact]
    public void LoggerMessages_HaveUniqueNamedIds_WithinTheRangeOfTheirArea()
    {
        // Arrange
        var messages = LoggerMessages(typeof(LogEventAreas).Assembly, typeof(GatewayHost).Assembly).ToList();

        // Act
        var duplicates = messages.GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}");
        var outOfRange = messages
            .Where(m => !LogEventAreas.For(m.Namespace).Any(a => a.Contains(m.Id)))
            .Select(m => $"{m.Id} {m.Method} ({m.Namespace}; allowed: {string.Join(", ", LogEventAreas.For(m.Namespace).Select(a => $"{a.First}-{a.Last}"))})");

        // Assert
        messages.Should().HaveCountGreaterThan(40, "every [LoggerMessage] of Core and the Gateway is found");
        duplicates.Should().BeEmpty();
        outOfRange.Should().BeEmpty();
        messages.Should().OnlyContain(m => !string.IsNullOrEmpty(m.Name), "every event has an EventName");
    }

    [Fact]
    public void Areas_DoNotOverlap()
    {
        var areas = LogEventAreas.All.OrderBy(a => a.First).ToList();

        areas.Should().OnlyContain(a => a.First <= a.Last);
        areas.Zip(areas.Skip(1)).Should().OnlyContain(pair => pair.First.Last < pair.Second.First);
    }

    private static IEnumerable<(int Id, string? Name, string Method, string Namespace)> LoggerMessages(params Assembly[] assemblies) =>
        from assembly in assemblies
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select (attribute.EventId, attribute.EventName, $"{type.FullName}.{method.Name}", type.Namespace ?? "");
}
