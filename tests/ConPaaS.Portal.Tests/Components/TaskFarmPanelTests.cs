using Bunit;
using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Services;
using ConPaaS.Infrastructure.Services.TaskFarm;
using ConPaaS.Portal.Components.Services.TaskFarm;
using ConPaaS.Portal.Tests.Lifecycle;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ConPaaS.Portal.Tests.Components;

/// <summary>The TaskFarm panel through a demo bag: upload, sampling progress, the graph, a click, execution progress.</summary>
public sealed class TaskFarmPanelTests(LocalCloudFixture portal) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task Upload_sampling_progress_graph_points_a_click_and_execution_progress_show_live()
    {
        var user = await portal.CreateUserAsync("bunit-farm");
        await using var context = new PortalComponentContext(portal, user);
        // The farm's commands come whole from the portal, whose loop advances the demo.
        context.Services.AddScoped(_ => portal.Services.CreateScope().ServiceProvider.GetRequiredService<TaskFarmCommands>());
        context.Render<MudPopoverProvider>();
        var caller = new Caller(user.Id, IsAdmin: false);
        var app = await context.Services.GetRequiredService<ApplicationCommands>().CreateAsync(caller, "farm-ui");
        var service = await context.Services.GetRequiredService<ServiceCommands>().CreateAsync(caller, new CreateServiceRequest(app.Id, "taskfarm", "sweep"));

        var panel = context.Render<TaskFarmPanel>(parameters => parameters.Add(p => p.Service, service));
        panel.WaitForAssertion(() => Assert.Contains("Empty", panel.Find("[data-testid=farm-phase]").TextContent));
        panel.Find("input[type=checkbox]").Change(true); // demo: no machines
        var bag = string.Join('\n', Enumerable.Range(0, 1000).Select(i => $"echo {i}"));
        panel.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(bag, "sweep.txt"));

        panel.WaitForAssertion(() =>
        {
            Assert.Contains("Sampling", panel.Find("[data-testid=farm-phase]").TextContent);
            Assert.Matches(@"Tasks sampled: \d+ of \d+", panel.Markup);
        }, TimeSpan.FromSeconds(20));

        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("[data-testid=schedule-graph] circle")), TimeSpan.FromSeconds(60));
        var points = panel.FindAll("[data-testid=schedule-graph] circle");
        Assert.Equal((await context.Services.GetRequiredService<TaskFarmCommands>().SchedulesAsync(caller, service.Id)).Schedules.Count, points.Count);

        // A typed budget shows what it would run before anything runs.
        var offered = (await context.Services.GetRequiredService<TaskFarmCommands>().SchedulesAsync(caller, service.Id)).Schedules;
        var budgetField = panel.FindComponent<MudNumericField<decimal?>>();
        budgetField.Find("input").Input("0.001");
        panel.WaitForAssertion(() => Assert.Contains("Below the cheapest schedule", panel.Find("[data-testid=budget-preview]").TextContent));
        var fastest = offered[^1];
        budgetField.Find("input").Input(fastest.UpperCost.ToString(System.Globalization.CultureInfo.InvariantCulture));
        panel.WaitForAssertion(() => Assert.StartsWith($"Runs schedule #{fastest.Index}:", panel.Find("[data-testid=budget-preview]").TextContent));
        var tight = offered.Min(p => p.UpperCost) - 0.01m; // pays for no upper bound, but for the cheapest's expected cost
        budgetField.Find("input").Input(tight.ToString(System.Globalization.CultureInfo.InvariantCulture));
        panel.WaitForAssertion(() => Assert.Contains("held to the budget", panel.Find("[data-testid=budget-preview]").TextContent));
        Assert.Contains("Ready", panel.Find("[data-testid=farm-phase]").TextContent);

        // Found and clicked in one turn of the renderer: the panel re-renders live, which renews the chart's handlers.
        await panel.InvokeAsync(() => panel.FindAll("[data-testid=schedule-graph] circle")[^1].Click());
        panel.WaitForAssertion(() =>
        {
            Assert.Contains("Executing", panel.Find("[data-testid=farm-phase]").TextContent);
            Assert.Matches(@"Completed \d+ of 1000", panel.Find("[data-testid=farm-completed]").TextContent);
            Assert.Empty(panel.FindAll("[data-testid=schedule-graph]"));
        }, TimeSpan.FromSeconds(20));
    }
}
