// Analytics pages (dashboard/components/report_page.py): keep the filters in
// the URL without reloading the page, show the custom range, download charts.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    report: {
        syncUrl: function (...args) {
            const keys = args[args.length - 1];
            const params = new URLSearchParams();
            keys.forEach((key, i) => {
                if (args[i]) {
                    params.set(key, args[i]);
                }
            });
            const query = params.toString();
            const url = window.location.pathname + (query ? "?" + query : "");
            window.history.replaceState(null, "", url);
            return query;
        },
        toggleRange: function (period) {
            return period === "custom"
                ? {display: "flex", alignItems: "center"}
                : {display: "none"};
        },
        downloadImage: function () {
            const trigger = dash_clientside.callback_context.triggered[0];
            if (!trigger || !trigger.value) {
                return dash_clientside.no_update;
            }
            const id = trigger.prop_id.split(".")[0];
            const format = id.endsWith("-png") ? "png" : "svg";
            const graph = document.getElementById(id.replace(/-export-\w+$/, "-graph"));
            const plot = graph.querySelector(".js-plotly-plot") || graph;
            const title = (plot.layout.title && plot.layout.title.text) || graph.id;
            Plotly.downloadImage(plot, {
                format: format,
                filename: title.replace(/[\\/:*?"<>|]/g, "_"),
                scale: 2,
            });
            return dash_clientside.no_update;
        },
    },
});
